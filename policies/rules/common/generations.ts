/*
 * The provider generations a rule reads (`RuleInfo.generations`): Terraform and plans written for each of them
 * are judged alike, old attribute names and blocks included, with each generation's defaults.
 */
export const AZURERM_2_TO_4 = ["azurerm 2.x", "azurerm 3.x", "azurerm 4.x"];
/** Resources and attributes that azurerm introduced in 3.x. */
export const AZURERM_3_TO_4 = ["azurerm 3.x", "azurerm 4.x"];
/** azapi 1.x writes `body` as a JSON string, 2.x as an object. */
export const AZAPI_1_TO_2 = ["azapi 1.x", "azapi 2.x"];
