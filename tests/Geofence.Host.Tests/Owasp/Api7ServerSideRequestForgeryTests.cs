using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Geofence.Testing;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Geofence.Host.Tests.Owasp.Callers;

namespace Geofence.Host.Tests.Owasp;

/// <summary>
/// OWASP API7:2023, server-side request forgery. The server fetches only from providers whose base URLs come from
/// configuration (<c>Channels__*__BaseUrl</c>); no endpoint takes an address that it then calls. The only URLs a
/// request may carry are the app's store links in the policy, which are put into messages for people to open and are
/// never fetched by the server, and text (templates, campaigns, names) that may contain a URL is likewise only sent.
/// PMS addresses on <c>Pms__AllowedHosts</c>: the PMS adapters (issue 10) do not exist yet, so there is nothing to test.
/// </summary>
public sealed class Api7ServerSideRequestForgeryTests : IAsyncLifetime
{
    /// <summary>Request fields that hold a URL and why the server never fetches it.</summary>
    private static readonly Dictionary<string, string> UrlFieldsNeverFetched = new()
    {
        ["AppDocument.AndroidUrl"] = "put into messages as the store link",
        ["AppDocument.IosUrl"] = "put into messages as the store link",
    };

    private static readonly string[] AddressLikeNames = ["url", "uri", "host", "endpoint", "webhook", "callback", "address"];

    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public void No_endpoint_takes_an_address_other_than_the_links_it_only_sends()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var found = new SortedSet<string>();
        foreach (var endpoint in endpoints)
        {
            foreach (var type in endpoint.Metadata.OfType<IAcceptsMetadata>().Select(a => a.RequestType).OfType<Type>())
                Collect(type, found, []);
            foreach (var parameter in endpoint.Metadata.OfType<MethodInfo>().SelectMany(m => m.GetParameters()))
            {
                if (parameter.ParameterType == typeof(Uri)
                    || parameter.ParameterType == typeof(string) && AddressLikeNames.Any(n => parameter.Name!.Contains(n, StringComparison.OrdinalIgnoreCase)))
                    found.Add($"{endpoint.RoutePattern.RawText} ?{parameter.Name}");
            }
        }

        Assert.Equal(UrlFieldsNeverFetched.Keys.Order(), found);
    }

    [Fact]
    public async Task A_url_in_a_previewed_template_is_not_fetched()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/pay";

            using var response = await SendAsync(api.AdminClient, HttpMethod.Post, "/api/v1/templates/preview", app.AdminKey,
                new { channel = "sms", language = "en", provinceCode = "22", text = $"Welcome. Pay at {url} now." });

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(url, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            await Task.Delay(500, TestContext.Current.CancellationToken); // a fetch would have connected by now
            Assert.False(listener.Pending(), "the server connected to the URL in the text");
        }
        finally
        {
            listener.Stop();
        }
    }

    private static void Collect(Type type, SortedSet<string> found, HashSet<Type> seen)
    {
        type = Nullable.GetUnderlyingType(type) ?? (type.IsArray ? type.GetElementType()! : type);
        if (type.IsPrimitive || type == typeof(string) || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true || !seen.Add(type)) return;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.PropertyType == typeof(Uri) || AddressLikeNames.Any(n => property.Name.Contains(n, StringComparison.OrdinalIgnoreCase)))
                found.Add($"{type.Name}.{property.Name}");
            var element = property.PropertyType.IsGenericType ? property.PropertyType.GetGenericArguments().Last() : property.PropertyType;
            Collect(element, found, seen);
        }
    }
}
