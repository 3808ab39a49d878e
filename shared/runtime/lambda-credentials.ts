/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (an esbuild alias set by
 * infra/constructs/vigie-function.ts): in Lambda the credentials of the execution role are always in
 * the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so the rest of the
 * default chain (SSO, STS web identity, profiles, instance metadata) is dead weight at cold start.
 * Tests and the local stack use the real chain.
 */
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';
