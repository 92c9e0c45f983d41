// Placeholder wired by the page; its author replaces it in this session.
export function AidTab() {
  return <div data-testid="hardship-aid" />;
}
