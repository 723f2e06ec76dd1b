/** Seconds as people read them: 45s, 5m, 2h, 1d 4h. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${+seconds.toFixed(1)}s`;
  if (seconds < 3600) return `${+(seconds / 60).toFixed(1)}m`;
  if (seconds < 86_400) return `${+(seconds / 3600).toFixed(1)}h`;
  const days = Math.floor(seconds / 86_400);
  const hours = Math.round((seconds % 86_400) / 3600);
  return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
}
