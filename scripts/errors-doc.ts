import { writeFileSync } from 'node:fs';
import { renderErrorsDoc } from '../test/support/errors-doc.js';

writeFileSync(new URL('../docs/ERRORS.md', import.meta.url), renderErrorsDoc());
console.log('docs/ERRORS.md written');
