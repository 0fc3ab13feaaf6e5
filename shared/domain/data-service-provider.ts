/**
 * The name under which the marketplaces list us as data service provider ("Datendienstleister").
 * Dealers pick exactly this name in their platform account; requirements and the activation's
 * DATA_SERVICE_PROVIDER_MISSING detail quote it. Set it to the name the platforms registered.
 */
export const DATA_SERVICE_PROVIDER = 'Vehicle Export';
