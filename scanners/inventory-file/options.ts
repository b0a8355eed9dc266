import { z } from 'zod';

/**
 * Options of an `inventory-file` source: the CSV file, relative to the config file's folder
 * (an absolute path is used as is). Unknown keys are errors.
 */
export const inventoryFileOptionsSchema = z.strictObject({
  path: z.string().min(1, 'expected the path of the inventory CSV file'),
});

export type InventoryFileOptions = z.infer<typeof inventoryFileOptionsSchema>;
