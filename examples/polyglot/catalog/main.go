// The product catalog over gRPC: polyglot.Catalog/ListProducts answers the product list as a JSON
// message (no generated code), beside the standard grpc.health.v1 health service.
package main

import (
	"encoding/binary"
	"encoding/json"
	"log"
	"net/http"
	"os"
)

type product struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Price int    `json:"priceCents"`
}

var products = []product{
	{ID: "OLJCESPC7Z", Name: "Sunglasses", Price: 1999},
	{ID: "66VCHSJNUP", Name: "Tank top", Price: 1899},
	{ID: "1YMWWN1N4O", Name: "Watch", Price: 10999},
}

func listProducts(w http.ResponseWriter, _ *http.Request) {
	body, _ := json.Marshal(products)
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
		port = "3550"
	}
	if len(os.Args) > 1 && os.Args[1] == "healthcheck" {
		os.Exit(probe(port))
	}
	log.Printf("catalog: gRPC on %s", port)
	log.Fatal(serve(":"+port, newHealth("polyglot.Catalog"), map[string]http.HandlerFunc{
		"/polyglot.Catalog/ListProducts": listProducts,
	}))
}
