using Geofence.Admin;
using Geofence.Messaging;
using Geofence.Messaging.Bus;
using Geofence.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAdmin();
builder.AddGeofenceBus(BusTransport.RabbitMq, AdminService.AddConsumers);

var app = builder.Build();
app.MapServiceDefaults();
app.MapAdmin();
return await app.RunServiceAsync(args);
