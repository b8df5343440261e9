package dev.store.orders;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * Orders: reads carts and the catalogue, stores orders in MongoDB and publishes them to RabbitMQ.
 *
 * <p>A tiny HTTP server on the JDK's own com.sun.net.httpserver (no framework, no dependency, so
 * the image builds from the JDK alone). GET /health answers 200 when every backing service named
 * by a *_URL / *_URI / *_HOST variable accepts a TCP connection, 503 otherwise; it names the
 * variables, never their values (they hold credentials).
 */
public final class OrdersServer {
  private OrdersServer() {}

  /** host:port of every backing service in the environment (URL-shaped or *_HOST + *_PORT). */
  static Map<String, InetSocketAddress> backends(Map<String, String> env) {
    Map<String, InetSocketAddress> found = new TreeMap<>();
    env.forEach((name, value) -> {
      if (name.endsWith("_URL") || name.endsWith("_URI")) {
        String text = value.startsWith("jdbc:") ? value.substring(5) : value;
        URI uri = URI.create(text.split(",")[0]);
        if (uri.getHost() != null && uri.getPort() > 0) {
          found.put(name, InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort()));
        }
      } else if (name.endsWith("_HOST")) {
        String port = env.get(name.substring(0, name.length() - 5) + "_PORT");
        if (port != null) {
          found.put(name, InetSocketAddress.createUnresolved(value, Integer.parseInt(port)));
        }
      }
    });
    return found;
  }

  static boolean reachable(InetSocketAddress address) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    Map<String, InetSocketAddress> backends = backends(System.getenv());
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/health", exchange -> {
      StringBuilder body = new StringBuilder("{\"service\":\"orders\",\"backends\":{");
      boolean healthy = true;
      String separator = "";
      for (Map.Entry<String, InetSocketAddress> backend : backends.entrySet()) {
        boolean up = reachable(backend.getValue());
        healthy &= up;
        body.append(separator).append('"').append(backend.getKey()).append("\":").append(up);
        separator = ",";
      }
      send(exchange, healthy ? 200 : 503, body.append("}}").toString());
    });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    System.out.println("orders: HTTP on " + port + ", backends " + backends.keySet());
  }
}
