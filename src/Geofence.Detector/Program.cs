using Geofence.Detector;
using Geofence.Messaging;
using Geofence.Messaging.Bus;
using Geofence.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDetector();
builder.AddGeofenceBus(BusTransport.RabbitMq, DetectorService.AddConsumers);

var app = builder.Build();
app.MapServiceDefaults();
app.MapDetector();
return await app.RunServiceAsync(args);
