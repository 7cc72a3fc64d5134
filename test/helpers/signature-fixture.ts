/** A custom signature file for tests: matches `phrase` (words separated by any whitespace). */
export function signatureYaml(id: string, phrase: string, opts: { severity?: string; extra?: string } = {}): string {
  return `
id: ${id}
name: Custom phrase ${phrase}
version: 1
category: prompt-injection
subcategory: direct
technique: custom-phrase
severity: ${opts.severity ?? 'high'}
confidence: high
direction: input
owasp: LLM01
atlas: [AML.T0051.000]
condition: any
action: enforce
enabled: true
prefilter: [${phrase.split(' ')[0]}]
patterns:
  - regex: '${phrase.replace(/ /g, '\\s+')}'
${opts.extra ?? ''}examples:
  match: ["please ${phrase} now", "${phrase.toUpperCase()}"]
  no_match: ["nothing here", "something else entirely"]
`;
}
