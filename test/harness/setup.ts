// The installation's module list, installed as app.ts and main.ts install it: services tested without
// an app still see every module's messages and role names.
import '../../src/modules.js';
import { AuditKeyRing, installAuditKeys } from '../../src/platform/audit/chain.js';
import { parseConfig } from '../../src/platform/config/config.js';

// Every test file hashes audit records under the test configuration's audit key, as a started server
// would (createPlatform installs the configured ring): tests that open a database of their own and
// call a use case directly need it as much as those that build the app.
installAuditKeys(new AuditKeyRing(parseConfig({ NODE_ENV: 'test' }).auditKeys));
