// Ids are referenced from stored workflow definitions (`servicenow.createIncident`), so their shape
// is fixed here once and never loosened.
const kebabId = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const camelId = /^[a-z][a-zA-Z0-9]*$/;
const semver = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

export const isConnectorId = (id: string): boolean => kebabId.test(id) && id.length <= 64;
export const isActionId = (id: string): boolean => camelId.test(id) && id.length <= 64;
export const isVersion = (version: string): boolean => semver.test(version);
