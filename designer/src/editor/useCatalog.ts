import { CatalogSchema, type Catalog } from '@flowline/engine';
import { useQuery } from '@tanstack/react-query';
import { api, read } from '../app/apiClient';

/**
 * The installed connectors' actions with their JSON Schemas (GET /api/connectors), as the engine's
 * catalog: the palette lists them, validation checks mappings against them, autocomplete reads
 * their output schemas. Rarely changes, so it is kept for the session.
 */
export function useCatalog() {
  return useQuery({
    queryKey: ['connectors'],
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async (): Promise<Catalog> => {
      const answer = await read(api.GET('/api/connectors'));
      return CatalogSchema.parse({ connectors: answer.items });
    },
  });
}
