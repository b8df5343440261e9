package main

// The standard grpc.health.v1.Health/Check method over unencrypted HTTP/2 (h2c, as gRPC clients
// and Kubernetes' grpc probe speak it), with the standard library only (Go 1.24+ serves
// unencrypted HTTP/2 with http.Protocols). A gRPC message is a 5-byte prefix (compressed flag,
// 4-byte big-endian length) and a protobuf body: HealthCheckRequest{1: service},
// HealthCheckResponse{1: status} where SERVING = 1.

import (
	"encoding/binary"
	"io"
	"net/http"
	"sync"
)

type health struct {
	mu       sync.Mutex
	services map[string]bool // service name → serving ("" is the whole server)
}

func newHealth(names ...string) *health {
	h := &health{services: map[string]bool{"": true}}
	for _, name := range names {
		h.services[name] = true
	}
	return h
}

// requestedService reads the service name from a HealthCheckRequest message.
func requestedService(message []byte) (string, bool) {
	if len(message) < 5 {
		return "", false
	}
	size := binary.BigEndian.Uint32(message[1:5])
	body := message[5:]
	if message[0] != 0 || int(size) != len(body) {
		return "", false
	}
	for len(body) > 0 {
		tag := body[0]
		length, n := binary.Uvarint(body[1:])
		if n <= 0 || 1+n+int(length) > len(body) {
			return "", false
		}
		value := body[1+n : 1+n+int(length)]
		if tag == 0x0a { // field 1, length-delimited
			return string(value), true
		}
		if tag&0x07 != 2 {
			return "", false
		}
		body = body[1+n+int(length):]
	}
	return "", true
}

func (h *health) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/grpc")
	w.Header().Set("Trailer", "Grpc-Status, Grpc-Message")
	message, err := io.ReadAll(io.LimitReader(r.Body, 4096))
	name, ok := requestedService(message)
	if err != nil || !ok {
		w.WriteHeader(http.StatusOK)
		w.Header().Set("Grpc-Status", "13")
		w.Header().Set("Grpc-Message", "malformed HealthCheckRequest")
		return
	}
	h.mu.Lock()
	serving, known := h.services[name]
	h.mu.Unlock()
	w.WriteHeader(http.StatusOK)
	if !known {
		w.Header().Set("Grpc-Status", "5")
		w.Header().Set("Grpc-Message", "unknown service")
		return
	}
	status := byte(2) // NOT_SERVING
	if serving {
		status = 1
	}
	w.Write([]byte{0, 0, 0, 0, 2, 0x08, status})
	w.Header().Set("Grpc-Status", "0")
}

// serve answers gRPC on addr: the health service and the given methods (path → handler).
func serve(addr string, h *health, methods map[string]http.HandlerFunc) error {
	mux := http.NewServeMux()
	mux.Handle("/grpc.health.v1.Health/Check", h)
	for path, handler := range methods {
		mux.Handle(path, handler)
	}
	var protocols http.Protocols
	protocols.SetUnencryptedHTTP2(true)
	server := &http.Server{Addr: addr, Handler: mux, Protocols: &protocols}
	return server.ListenAndServe()
}
