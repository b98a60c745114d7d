import { AzureClients } from "../../ops/clients";
import { loadEnvironment } from "../../ops/environment";

const constructed: unknown[] = [];
jest.mock("@azure/identity", () => ({
  DefaultAzureCredential: class {
    constructor(options: unknown) {
      constructed.push(options);
    }
    getToken() {
      return Promise.resolve(null);
    }
  },
}));

test("without an injected credential, clients use DefaultAzureCredential in the environment's tenant and cloud authority", () => {
  const pilot = loadEnvironment("pilot");
  const clients = new AzureClients({ ...pilot, cloud: "AzureUSGovernment" });
  expect(constructed).toEqual([{ tenantId: pilot.tenantId, authorityHost: "https://login.microsoftonline.us" }]);
  expect(clients.containerService()).toBe(clients.containerService());
});
