using Geofence.Dispatcher;
using Geofence.Messaging;
using Geofence.Messaging.Bus;
using Geofence.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDispatcher();
builder.AddGeofenceBus(BusTransport.RabbitMq, DispatcherService.AddConsumers);

var app = builder.Build();
app.MapServiceDefaults();
app.MapDispatcher();
return await app.RunServiceAsync(args);
