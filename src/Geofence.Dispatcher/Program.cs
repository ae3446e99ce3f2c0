using Geofence.Dispatcher;
using Geofence.ServiceDefaults;
using Geofence.ServiceDefaults.Bus;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDispatcher();
builder.AddGeofenceBus(BusTransport.RabbitMq, DispatcherService.AddConsumers);

var app = builder.Build();
app.MapServiceDefaults();
app.MapDispatcher();
app.Run();
