// Fagstøtte in Azure: one resource group holds everything the bot needs in production.
//
//   user-assigned managed identity  the bot's identity (Azure Bot msaAppType UserAssignedMSI) and
//                                    the app's key to Key Vault and the container registry
//   Azure Bot + Teams channel       messaging endpoint https://<app host>/api/messages
//   container registry              holds the image built from deploy/docker/Dockerfile
//   App Service plan (Linux)        at least two instances (param instanceCount)
//   web app (custom container)      runs the image; app settings = src/shared/config.ts variables
//   storage account + blob container  conversation state (STORAGE=blob), shared by every instance
//   Key Vault                       the storage connection string, read by a Key Vault reference
//   Log Analytics + App Insights    container logs (stdout JSON lines), platform logs, metrics and
//                                    an availability test on /healthz
//
// Deploy (see README "Run in production"):
//   az deployment group create -g <rg> -f deploy/azure/main.bicep \
//     -p @deploy/azure/main.parameters.example.json
//
// NOT VERIFIED HERE: this file was written without the Bicep CLI or an Azure subscription. Resource
// types, API versions and properties follow Microsoft's template reference, but run
// `az bicep build -f deploy/azure/main.bicep` (type check) and
// `az deployment group what-if ...` before the first real deployment.

targetScope = 'resourceGroup'

@description('Short name in every resource name: 3-11 lowercase letters or digits, no hyphen (storage account and registry names allow none).')
@minLength(3)
@maxLength(11)
param baseName string = 'fagstotte'

@description('Region of every regional resource. The Azure Bot itself is global.')
param location string = resourceGroup().location

@description('Instances of the web app. At least two: the app is stateless with STORAGE=blob.')
@minValue(2)
@maxValue(30)
param instanceCount int = 2

@description('App Service plan SKU (Linux). Premium v3 for production: always on, scale-out, zone options.')
param appServicePlanSku string = 'P1v3'

@description('Image repository and tag inside the registry this template creates, e.g. fagstotte:0.1.0.')
param containerImage string = 'fagstotte:0.1.0'

@description('Public host name when a custom domain is bound to the web app (binding and certificate are not part of this template). Empty: the web app default host name.')
param customHostName string = ''

@description('Azure Bot pricing tier. Teams is a standard channel (no message charge) on both.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Display name of the bot in Azure (the Teams name comes from deploy/teams/manifest.json).')
param botDisplayName string = 'Fagstøtte'

@description('Storage redundancy for conversation state.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param storageSku string = 'Standard_ZRS'

@description('Blob container for conversation state (AZURE_STORAGE_CONTAINER).')
param stateContainerName string = 'fagstotte-state'

@description('Conversation state not changed for this many days is deleted (storage lifecycle rule).')
@minValue(1)
param stateRetentionDays int = 30

@description('Log Analytics retention in days.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

@description('Key Vault purge protection. Cannot be turned off again once on; keep it on in production.')
param keyVaultPurgeProtection bool = true

@description('LOG_LEVEL of the app: error, warn, info or debug.')
@allowed([
  'error'
  'warn'
  'info'
  'debug'
])
param logLevel string = 'info'

@description('ORG: the health trust folder under knowledge/local/ (its directory.yaml must be in the image). Empty: the shipped example, every unit marked EKSEMPEL.')
param org string = ''

@description('TEAM_REGISTRATION_ALLOWED_USERS: comma-separated Entra ID object ids allowed to register a Teams channel as a TSB unit\'s inbox.')
param teamRegistrationAllowedUsers string = ''

@description('KONSULTASJON_RETENTION_DAYS: konsultasjon requests are deleted this many days after they were sent.')
@minValue(1)
@maxValue(365)
param konsultasjonRetentionDays int = 30

@description('LEARNING_NUDGE_HOUR: the hour (0–23, Norwegian time) the daily Opplæring repetition nudge goes out in Teams, or off.')
param learningNudgeHour string = '9'

@description('XAPI_ENDPOINT: the xAPI base URL (https) of the learning record store that gets Opplæring statements. Empty: nothing is sent.')
param xapiEndpoint string = ''

@description('XAPI_USERNAME: the LRS user (Basic auth); required with xapiEndpoint.')
param xapiUsername string = ''

@description('XAPI_PASSWORD: the LRS password (Basic auth); required with xapiEndpoint. Written to Key Vault by the template; give it on the command line or as a Key Vault reference in the parameter file, never in the file itself.')
@secure()
param xapiPassword string = ''

@description('XAPI_ACTOR_HOMEPAGE: account.homePage of learners known by their Entra ID object id. Empty: https://login.microsoftonline.com.')
param xapiActorHomePage string = ''

@description('XAPI_ACTIVITY_BASE: base of the xAPI activity ids. Empty: the public URL of the app. Set it when the host name may change: the LRS keys records by these ids.')
param xapiActivityBase string = ''

@description('Tags on every resource.')
param tags object = {
  application: 'fagstotte'
}

// Names. Storage accounts, registries and vaults are globally unique and short: a hash of the
// resource group keeps them unique per deployment target.
var suffix = uniqueString(resourceGroup().id)
var identityName = 'id-${baseName}'
var workspaceName = 'log-${baseName}-${suffix}'
var appInsightsName = 'appi-${baseName}-${suffix}'
var registryName = 'cr${baseName}${suffix}'
var storageName = take('st${baseName}${suffix}', 24)
var keyVaultName = take('kv-${baseName}-${suffix}', 24)
var planName = 'plan-${baseName}-${suffix}'
var siteName = 'app-${baseName}-${suffix}'
var botName = 'bot-${baseName}-${suffix}'
var storageSecretName = 'azure-storage-connection-string'
var xapiSecretName = 'xapi-password'

// Built-in role definition ids (the same in every tenant).
var acrPullRoleId = '7f951dda-4ed3-4680-a7ca-43fe172d538d'
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

// --- Identity -----------------------------------------------------------------------------------

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

// --- Monitoring ---------------------------------------------------------------------------------

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

// --- Container registry -------------------------------------------------------------------------

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: registryName
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    // Pulls use the managed identity (AcrPull below); no admin user and password.
    adminUserEnabled: false
  }
}

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, acrPullRoleId)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPullRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// --- State storage ------------------------------------------------------------------------------

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The app authenticates with the account key in AZURE_STORAGE_CONNECTION_STRING (the only
    // way src/shared/config.ts supports), so shared key access must stay on.
    allowSharedKeyAccess: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource stateContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: stateContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Conversation state has no expiry of its own in blob storage: delete what has not changed for
// stateRetentionDays (an abandoned conversation then starts afresh).
resource stateLifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-conversation-state'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${stateContainerName}/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: stateRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

// --- Key Vault ----------------------------------------------------------------------------------

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // A false value is rejected by Key Vault; omit the property instead of turning it off.
    enablePurgeProtection: keyVaultPurgeProtection ? true : null
  }
}

// The template writes the secret itself: the storage key goes from the storage account to Key
// Vault inside the deployment and never appears in a parameter file, an app setting or a log.
resource storageSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: storageSecretName
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
  }
}

// The LRS password, when an LRS is configured: the app setting is a Key Vault reference to it.
resource xapiSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(xapiPassword)) {
  parent: keyVault
  name: xapiSecretName
  properties: {
    value: xapiPassword
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, keyVaultSecretsUserRoleId)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// --- App Service --------------------------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServicePlanSku
    // Number of instances: every one runs the container.
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: siteName
  location: location
  tags: tags
  kind: 'app,linux,container'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Turns are not tied to an instance: state is in blob storage.
    clientAffinityEnabled: false
    // Key Vault references in the app settings are resolved with the user-assigned identity.
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'DOCKER|${registry.properties.loginServer}/${containerImage}'
      acrUseManagedIdentityCreds: true
      acrUserManagedIdentityID: identity.properties.clientId
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // The platform takes an instance out of the load balancer while /readyz answers 503
      // (knowledge not loaded yet, or the state storage failing).
      healthCheckPath: '/readyz'
    }
  }
  dependsOn: [
    acrPull
    secretsUser
  ]
}

var publicHost = empty(customHostName) ? site.properties.defaultHostName : customHostName

// Every app setting, in one place. The names the app reads are exactly those in
// src/shared/config.ts (test/unit/deploy.test.ts checks it); the two WEBSITES_* settings are read
// by App Service itself. MicrosoftAppPassword is absent on purpose: a managed identity has no
// secret. DIRECT_LINE_SECRET is absent because the embedded Direct Line is off. XAPI_PASSWORD, like
// the storage connection string, is a Key Vault reference.
resource appSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    WEBSITES_PORT: '3978'
    WEBSITES_ENABLE_APP_SERVICE_STORAGE: 'false'
    HOST: '0.0.0.0'
    PORT: '3978'
    PUBLIC_BASE_URL: 'https://${publicHost}'
    TRUST_PROXY: 'true'
    MicrosoftAppType: 'UserAssignedMSI'
    MicrosoftAppId: identity.properties.clientId
    MicrosoftAppTenantId: tenant().tenantId
    DIRECT_LINE_ENABLED: 'false'
    WEBCHAT_ACCESS: 'off'
    STORAGE: 'blob'
    AZURE_STORAGE_CONNECTION_STRING: '@Microsoft.KeyVault(SecretUri=${storageSecret.properties.secretUri})'
    AZURE_STORAGE_CONTAINER: stateContainer.name
    LOG_LEVEL: logLevel
    ORG: org
    TEAM_REGISTRATION_ALLOWED_USERS: teamRegistrationAllowedUsers
    KONSULTASJON_RETENTION_DAYS: string(konsultasjonRetentionDays)
    LEARNING_NUDGE_HOUR: learningNudgeHour
    TEAM_INBOX_WEBCHAT: 'false'
    XAPI_ENDPOINT: xapiEndpoint
    XAPI_USERNAME: xapiUsername
    XAPI_PASSWORD: empty(xapiPassword) ? '' : '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=${xapiSecretName})'
    XAPI_ACTOR_HOMEPAGE: xapiActorHomePage
    XAPI_ACTIVITY_BASE: xapiActivityBase
  }
  dependsOn: [
    xapiSecret
  ]
}

// Container stdout (the app's JSON log lines), HTTP and platform logs and metrics to Log Analytics.
resource siteDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

// The app has no Application Insights SDK; App Insights watches it from outside: a standard
// availability test on /healthz from three European locations every five minutes.
resource availabilityTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: 'healthz-${siteName}'
  location: location
  tags: union(tags, {
    'hidden-link:${appInsights.id}': 'Resource'
  })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: 'healthz-${siteName}'
    Name: 'Fagstøtte /healthz'
    Enabled: true
    Frequency: 300
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: [
      {
        Id: 'emea-nl-ams-azr'
      }
      {
        Id: 'emea-se-sto-edge'
      }
      {
        Id: 'emea-gb-db3-azr'
      }
    ]
    Request: {
      RequestUrl: 'https://${publicHost}/healthz'
      HttpVerb: 'GET'
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 14
    }
  }
  dependsOn: [
    appSettings
  ]
}

// --- Azure Bot ----------------------------------------------------------------------------------

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${publicHost}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: identity.id
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

// --- Outputs (no secrets) -----------------------------------------------------------------------

output webAppName string = site.name
output publicBaseUrl string = 'https://${publicHost}'
output messagingEndpoint string = 'https://${publicHost}/api/messages'
output registryName string = registry.name
output registryLoginServer string = registry.properties.loginServer
output botName string = bot.name
@description('MicrosoftAppId, TEAMS_APP_ID default and the bot id in the Teams manifest.')
output microsoftAppId string = identity.properties.clientId
output keyVaultName string = keyVault.name
output storageAccountName string = storage.name
