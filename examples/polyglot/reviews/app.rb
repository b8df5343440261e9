# frozen_string_literal: true

# Reviews service: product reviews over HTTP (GET /reviews?product=ID, GET /health), standard
# library only (socket, json), one thread per connection.
require "json"
require "socket"
require "uri"

REVIEWS = {
  "OLJCESPC7Z" => [{ "stars" => 5, "text" => "Great in the sun" }],
  "1YMWWN1N4O" => [{ "stars" => 4, "text" => "Keeps time" }, { "stars" => 3, "text" => "Heavy" }],
}.freeze

def respond(client, status, body)
  payload = JSON.generate(body)
  client.write("HTTP/1.1 #{status}\r\nContent-Type: application/json\r\n" \
               "Content-Length: #{payload.bytesize}\r\nConnection: close\r\n\r\n#{payload}")
end

def handle(client)
  request_line = client.gets.to_s
  target = request_line.split(" ")[1].to_s
  path, query = target.split("?", 2)
  case path
  when "/health"
    respond(client, "200 OK", { "status" => "ok" })
  when "/reviews"
    product = URI.decode_www_form(query.to_s).to_h["product"]
    respond(client, "200 OK", { "product" => product, "reviews" => REVIEWS.fetch(product, []) })
  else
    respond(client, "404 Not Found", { "error" => "not found" })
  end
ensure
  client.close
end

port = Integer(ENV.fetch("PORT", "4567"))
server = TCPServer.new("0.0.0.0", port)
$stdout.sync = true
puts "reviews: HTTP on #{port}"
trap("TERM") { exit }
loop do
  client = server.accept
  Thread.new(client) { |c| handle(c) }
end
