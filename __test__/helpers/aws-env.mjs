// Gives a test process the AWS environment of a key-pair user in us-east-1, cut off from the
// host's own AWS files, credentials, proxies and instance metadata.
import { overrideEnvironment } from '../../dist/environment.js';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../../fake-bedrock/server.mjs';

const HOST_AWS_VARIABLES = [
  'AWS_PROFILE',
  'AWS_DEFAULT_REGION',
  'AWS_SESSION_TOKEN',
  'AWS_BEARER_TOKEN',
  'AWS_BEARER_TOKEN_BEDROCK',
  'AWS_BEDROCK_SKIP_AUTH',
  'AWS_BEDROCK_FORCE_CACHE',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_BEDROCK',
  'AWS_ENDPOINT_URL_BEDROCK_RUNTIME',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_EC2_METADATA_SERVICE_ENDPOINT',
  'PI_CACHE_RETENTION',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
];

export function isolateAwsEnvironment() {
  for (const name of HOST_AWS_VARIABLES) delete process.env[name];
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent/bedrock-native-test/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/bedrock-native-test/credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
}

/** Applies `changes` (undefined deletes) to the real process environment for the rest of test `t`. */
export function setEnvForTest(t, changes) {
  t.after(overrideEnvironment(changes));
}
