/**
 * Validates a JUnit document against the Jenkins xUnit plugin's junit-10.xsd (vendored unchanged in
 * test/schemas/junit/, with its MIT notice), in process with libxml2 compiled to WebAssembly
 * (xmllint-wasm): no xmllint binary, no network.
 */
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';

const XSD = readFileSync(new URL('../schemas/junit/junit-10.xsd', import.meta.url), 'utf8');

/** libxml2's memory ceiling, in 64 KiB pages: 1 GiB, room for the 20,000-case document (~12 MB). */
const MAX_MEMORY_PAGES = 16_384;

/** Whether libxml2 finds `xml` (named junit.xml in messages) valid, and its messages if not. */
export async function validateJunit(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({
    xml: { fileName: 'junit.xml', contents: xml },
    schema: { fileName: 'junit-10.xsd', contents: XSD },
    maxMemoryPages: MAX_MEMORY_PAGES,
  });
  return { valid: result.valid, errors: result.errors.map((error) => error.rawMessage) };
}
