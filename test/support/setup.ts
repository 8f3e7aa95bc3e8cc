// Global mocha setup (shared by all tests).
export {};
