package dev.polyglot.ads;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.TimeUnit;

/**
 * A grpc.health.v1 check of this server from inside its own image (the JRE image has no gRPC
 * probe): {@code java -cp /app/app.jar dev.polyglot.ads.HealthProbe [port] [service]} exits 0 when
 * the server answers SERVING within three seconds.
 */
public final class HealthProbe {
  private HealthProbe() {}

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : Integer.parseInt(System.getenv().getOrDefault("PORT", "9555"));
    String service = args.length > 1 ? args[1] : "";
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    int status = 1;
    try {
      ServingStatus answer = HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(3, TimeUnit.SECONDS)
          .check(HealthCheckRequest.newBuilder().setService(service).build())
          .getStatus();
      status = answer == ServingStatus.SERVING ? 0 : 1;
    } catch (RuntimeException e) {
      System.err.println("health check failed: " + e.getMessage());
    } finally {
      channel.shutdownNow();
    }
    System.exit(status);
  }
}
