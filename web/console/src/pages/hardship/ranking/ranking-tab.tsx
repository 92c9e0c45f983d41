// Placeholder wired by the page; its author replaces it in this session.
export function RankingTab() {
  return <div data-testid="hardship-ranking" />;
}
