/** One change of a vehicle in the stock, as the stock stream reports it. */
export interface StockChange {
  readonly dealerId: string;
  readonly vehicleId: string;
  /** `removed`: the vehicle left the stock (a dealer's deletion, never a TTL expiry). */
  readonly kind: 'upserted' | 'removed';
  /** The stock version after the change (a removal counts as one more version). */
  readonly version: number;
}
