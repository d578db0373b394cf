export * from './config/config.js';
export * from './config/config-error.js';
export * from './config/load-config.js';
export * from './http/request-id.js';
export * from './logging/logging.module.js';
export * from './metrics/metrics.module.js';
export * from './metrics/metrics.registry.js';
