// Placeholder wired by the page; its author replaces it in this session.
export function HelpTab() {
  return <div data-testid="hardship-help" />;
}
