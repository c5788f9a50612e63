// graphql-ws publishes `graphql-ws/use/ws` through package exports only, which this project's `node` module
// resolution does not read; this points the import at the same typings.
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws';
}
