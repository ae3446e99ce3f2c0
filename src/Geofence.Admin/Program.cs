using Geofence.Admin;
using Geofence.Messaging;
using Geofence.ServiceDefaults;
using Geofence.Messaging.Bus;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAdmin();
builder.AddGeofenceBus(BusTransport.RabbitMq, AdminService.AddConsumers);

var app = builder.Build();
app.MapServiceDefaults();
app.MapAdmin();
return await app.RunServiceAsync(args);
