#!/usr/bin/env node
// Entry point of the `vigie` command: runs the TypeScript CLI through tsx, so no build step is needed.
// The local tooling may run on Node 20; Lambdas run on Node 22, so the SDK's Node-version notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../shared/cli/main.ts');
await main(process.argv);
