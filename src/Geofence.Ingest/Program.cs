using Geofence.Ingest;
using Geofence.Messaging;
using Geofence.Messaging.Bus;
using Geofence.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIngest();
builder.AddGeofenceBus(BusTransport.RabbitMq, IngestService.AddConsumers);

var app = builder.Build();
app.MapServiceDefaults();
app.MapIngest();
return await app.RunServiceAsync(args);
