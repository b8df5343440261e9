using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polyglot.Cart;
using StackExchange.Redis;

// REDIS_ADDR is host:port (the graph's edge to the cart store, "format": "address").
var storeAddress = Environment.GetEnvironmentVariable("REDIS_ADDR") ?? "cartstore:6379";
var port = int.Parse(Environment.GetEnvironmentVariable("PORT") ?? "7070");

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
app.Run();

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

    public override async Task<Empty> AddItem(AddItemRequest request, Grpc.Core.ServerCallContext context)
    {
        await store.GetDatabase().HashIncrementAsync(Key(request.UserId), request.Item.ProductId, request.Item.Quantity);
        return new Empty();
    }

    public override async Task<Cart> GetCart(GetCartRequest request, Grpc.Core.ServerCallContext context)
    {
        var cart = new Cart { UserId = request.UserId };
        foreach (var entry in await store.GetDatabase().HashGetAllAsync(Key(request.UserId)))
        {
            cart.Items.Add(new CartItem { ProductId = entry.Name.ToString(), Quantity = (int)entry.Value });
        }
        return cart;
    }

    public override async Task<Empty> EmptyCart(GetCartRequest request, Grpc.Core.ServerCallContext context)
    {
        await store.GetDatabase().KeyDeleteAsync(Key(request.UserId));
        return new Empty();
    }
}
