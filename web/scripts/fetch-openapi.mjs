// Copies the OpenAPI document served by a running host (default http://127.0.0.1:5080) to src/api/openapi.json.
// The CLI (`greenisland openapi --output web/src/api/openapi.json`) is the primary way; this is the fallback.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const base = process.env.GI_BACKEND_URL ?? 'http://127.0.0.1:5080';
const output = fileURLToPath(new URL('../src/api/openapi.json', import.meta.url));
const response = await fetch(`${base}/openapi/v1.json`);
if (!response.ok) throw new Error(`GET ${base}/openapi/v1.json answered ${response.status}`);
const document = await response.json();
if (Object.keys(document.paths ?? {}).length === 0) throw new Error('The document lists no paths.');
await writeFile(output, `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote ${output} (${Object.keys(document.paths).length} paths)`);
