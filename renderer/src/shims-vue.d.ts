// Lets tools that do not understand single-file components (the lint's TypeScript service)
// type `.vue` imports; vue-tsc resolves the real files and ignores this.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
