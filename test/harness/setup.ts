// The installation's module list, installed as app.ts and main.ts install it: services tested without
// an app still see every module's messages and role names.
import '../../src/modules.js';
import { AuditKeyRing, installAuditKeys } from '../../src/platform/audit/chain.js';
import { setPasswordCostForTests } from '../../src/platform/auth/password.js';
import { parseConfig } from '../../src/platform/config/config.js';

// Every test file hashes audit records under the test configuration's audit key, as a started server
// would (createPlatform installs the configured ring): tests that open a database of their own and
// call a use case directly need it as much as those that build the app.
installAuditKeys(new AuditKeyRing(parseConfig({ NODE_ENV: 'test' }).auditKeys));

// Staff passwords are hashed at scrypt N=2^10 instead of 2^15 (~2 ms of CPU a hash instead of ~250):
// every app's seed hashes four, and the sign-in tests check hundreds. Each hash records its N, so
// hashing and checking work as in production; password.test.ts puts the production cost back.
setPasswordCostForTests(2 ** 10);
