using Geofence.Messaging;
using Geofence.Messaging.Bus;
using Geofence.Notifier;
using Geofence.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddNotifier();
builder.AddGeofenceBus(BusTransport.RabbitMq, NotifierService.AddConsumers);

var app = builder.Build();
app.MapServiceDefaults();
app.MapNotifier();
return await app.RunServiceAsync(args);
