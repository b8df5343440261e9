// Checkout over gRPC: polyglot.Checkout/PlaceOrder places an order by calling the catalog, cart,
// currency, payment, shipping and email services at the addresses it is given (the
// *_SERVICE_ADDR / *_SERVICE_URL variables). This minimal version reports which services it would
// call; it answers the standard grpc.health.v1 health check.
package main

import (
	"encoding/binary"
	"encoding/json"
	"log"
	"net/http"
	"os"
	"strings"
)

func placeOrder(w http.ResponseWriter, _ *http.Request) {
	calls := map[string]string{}
	for _, entry := range os.Environ() {
		name, value, _ := strings.Cut(entry, "=")
		if strings.HasSuffix(name, "_SERVICE_ADDR") || strings.HasSuffix(name, "_SERVICE_URL") {
			calls[name] = value
		}
	}
	body, _ := json.Marshal(map[string]any{"orderId": "pending", "calls": calls})
	frame := make([]byte, 5, 5+len(body))
	binary.BigEndian.PutUint32(frame[1:], uint32(len(body)))
	w.Header().Set("Content-Type", "application/grpc")
	w.Header().Set("Trailer", "Grpc-Status")
	w.WriteHeader(http.StatusOK)
	w.Write(append(frame, body...))
	w.Header().Set("Grpc-Status", "0")
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "5050"
	}
	if len(os.Args) > 1 && os.Args[1] == "healthcheck" {
		os.Exit(probe(port))
	}
	log.Printf("checkout: gRPC on %s", port)
	log.Fatal(serve(":"+port, newHealth("polyglot.Checkout"), map[string]http.HandlerFunc{
		"/polyglot.Checkout/PlaceOrder": placeOrder,
	}))
}
