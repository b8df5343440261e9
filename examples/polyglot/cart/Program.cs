using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polyglot.Cart;
using StackExchange.Redis;

// REDIS_ADDR is host:port (the graph's edge to the cart store, "format": "address").
var storeAddress = Environment.GetEnvironmentVariable("REDIS_ADDR") ?? "cartstore:6379";
var port = int.Parse(Environment.GetEnvironmentVariable("PORT") ?? "7070");

// `dotnet Cart.dll healthcheck`: the image's own probe (the aspnet image has no gRPC client), a
// grpc.health.v1.Health/Check call to this server; exit 0 only for SERVING.
if (args is ["healthcheck", ..])
{
    using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
    try
    {
        var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(3));
        return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving ? 0 : 1;
    }
    catch (RpcException e)
    {
        Console.Error.WriteLine($"health check failed: {e.Status.StatusCode}");
        return 1;
    }
}

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(options => options.ListenAnyIP(port, listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
    ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { storeAddress }, AbortOnConnectFail = false }));
builder.Services.AddGrpc();
builder.Services.AddGrpcHealthChecks()
    .AddCheck<StoreHealthCheck>("cartstore");

var app = builder.Build();
app.MapGrpcService<CartGrpcService>();
app.MapGrpcHealthChecksService();
await app.RunAsync();
return 0;

/// <summary>The store answers PING: the cart is SERVING only when it can reach Valkey.</summary>
sealed class StoreHealthCheck(IConnectionMultiplexer store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (RedisException e)
        {
            return HealthCheckResult.Unhealthy("cart store unreachable", e);
        }
    }
}

/// <summary>Carts as Valkey hashes: cart:&lt;user&gt; → product id → quantity.</summary>
sealed class CartGrpcService(IConnectionMultiplexer store) : CartService.CartServiceBase
{
    private static RedisKey Key(string userId) => $"cart:{userId}";

    public override async Task<Empty> AddItem(AddItemRequest request, ServerCallContext context)
    {
        await store.GetDatabase().HashIncrementAsync(Key(request.UserId), request.Item.ProductId, request.Item.Quantity);
        return new Empty();
    }

    public override async Task<Cart> GetCart(GetCartRequest request, ServerCallContext context)
    {
        var cart = new Cart { UserId = request.UserId };
        foreach (var entry in await store.GetDatabase().HashGetAllAsync(Key(request.UserId)))
        {
            cart.Items.Add(new CartItem { ProductId = entry.Name.ToString(), Quantity = (int)entry.Value });
        }
        return cart;
    }

    public override async Task<Empty> EmptyCart(GetCartRequest request, ServerCallContext context)
    {
        await store.GetDatabase().KeyDeleteAsync(Key(request.UserId));
        return new Empty();
    }
}
