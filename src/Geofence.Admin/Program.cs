using Geofence.Admin;
using Geofence.ServiceDefaults;
using Geofence.ServiceDefaults.Bus;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAdmin();
builder.AddGeofenceBus(AdminService.AddConsumers);

var app = builder.Build();
app.MapServiceDefaults();
app.MapAdmin();
app.Run();
