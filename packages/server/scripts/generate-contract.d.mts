/** Every file generated from openapi.yaml's text, by path from the repository root. */
export function generateContract(specText: string): Record<string, string>;
