package dev.polyglot.ads;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Ads over gRPC: polyglot.Ads/GetAds answers an ad for a context keyword (plain-text messages, so
 * no generated code is needed), beside the standard grpc.health.v1 service (HealthStatusManager).
 */
public final class AdsServer {
  private static final String SERVICE = "polyglot.Ads";
  private static final Map<String, List<String>> ADS = Map.of(
      "clothing", List.of("Tank top for sale. 20% off."),
      "accessories", List.of("Watch for sale. Buy one, get a second kit for free"),
      "footwear", List.of("Loafers for sale. Buy one, get the second one for free"));

  private AdsServer() {}

  /** Messages are UTF-8 text. */
  private static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private static final MethodDescriptor<String, String> GET_ADS = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "GetAds"))
      .setRequestMarshaller(TEXT)
      .setResponseMarshaller(TEXT)
      .build();

  public static void main(String[] args) throws IOException, InterruptedException {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9555"));
    HealthStatusManager health = new HealthStatusManager();
    ServerServiceDefinition ads = ServerServiceDefinition.builder(SERVICE)
        .addMethod(GET_ADS, ServerCalls.asyncUnaryCall((keyword, response) -> {
          response.onNext(String.join("\n", ADS.getOrDefault(keyword.strip(), List.of("Polyglot shop: free shipping this week"))));
          response.onCompleted();
        }))
        .build();
    Server server = ServerBuilder.forPort(port)
        .addService(ads)
        .addService(health.getHealthService())
        .build()
        .start();
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(SERVICE, ServingStatus.SERVING);
    System.out.println("ads: gRPC on " + port);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      health.enterTerminalState();
      server.shutdown();
    }));
    server.awaitTermination();
  }
}
