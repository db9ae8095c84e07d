// "server-only" is resolved by Next's bundler (next/dist/compiled/server-only): importing it from a
// module that a client component reaches fails the build. Tests alias it to an empty module.
declare module "server-only";
