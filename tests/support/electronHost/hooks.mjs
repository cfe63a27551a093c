// Module resolution hook (see register.mjs): `electron` → the fake Electron module.
const FAKE = new URL('./electronModule.ts', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: FAKE, shortCircuit: true };
  return nextResolve(specifier, context);
}
