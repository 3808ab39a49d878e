/**
 * Words that drive a storm: the words (and hashtags) found in the most negative mentions, each
 * counted once per mention, common French and English words left out.
 */
const STOPWORDS = new Set(
  `les des une pour pas que qui est sur avec vous nous elle ils elles mais plus tout tous cette ces son ses leur leurs
  dans par aux ont été être avoir fait faire comme même encore depuis chez très trop bien alors donc aussi quand
  votre vos notre nos mon mes ton tes moi toi lui sans sous entre avant après ici rien jamais toujours
  the and for you your with this that are was were have has not but they them their from what when just about
  will would there been than then into only some more very really still over`
    .split(/\s+/)
    .filter(Boolean),
);

export function drivingTerms(texts: readonly string[], limit = 5): string[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const words = new Set(
      text
        .toLowerCase()
        .split(/[^\p{L}\p{N}#'’-]+/u)
        .map((word) => word.replace(/^['’-]+|['’-]+$/g, ''))
        .filter((word) => word.length >= 4 && !STOPWORDS.has(word) && !/^\d+$/.test(word)),
    );
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, count]) => count >= 2)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([word]) => word);
}
