import { defineConnector } from '@flowline/connector-sdk';
import { map } from './actions/map';
import { pick } from './actions/pick';
import { rename } from './actions/rename';

/** Pure data shaping: no network, no credentials, nothing but the workflow's own expression language. */
export const transform = defineConnector({
  id: 'transform',
  title: 'Transform',
  version: '1.0.0',
  description: 'Map, pick and rename data between steps.',
  actions: [map, pick, rename],
});
