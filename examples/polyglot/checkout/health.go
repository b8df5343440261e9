package main

// The standard grpc.health.v1.Health/Check method over unencrypted HTTP/2 (h2c, as gRPC clients
// and Kubernetes' grpc probe speak it), with the standard library only (Go 1.24+ serves
// unencrypted HTTP/2 with http.Protocols). A gRPC message is a 5-byte prefix (compressed flag,
// 4-byte big-endian length) and a protobuf body: HealthCheckRequest{1: service},
// HealthCheckResponse{1: status} where SERVING = 1.

import (
	"bytes"
	"encoding/binary"
	"io"
	"net/http"
	"sync"
	"time"
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

// probe is the image's own health check (`/app/app healthcheck`): a grpc.health.v1.Health/Check
// call to this server over h2c, exit 0 only for SERVING. The distroless image has no other tool.
func probe(port string) int {
	var protocols http.Protocols
	protocols.SetUnencryptedHTTP2(true)
	client := &http.Client{Timeout: 3 * time.Second, Transport: &http.Transport{Protocols: &protocols}}
	request, err := http.NewRequest(http.MethodPost, "http://127.0.0.1:"+port+"/grpc.health.v1.Health/Check", bytes.NewReader([]byte{0, 0, 0, 0, 0}))
	if err != nil {
		return 1
	}
	request.Header.Set("Content-Type", "application/grpc")
	request.Header.Set("TE", "trailers")
	response, err := client.Do(request)
	if err != nil {
		return 1
	}
	defer response.Body.Close()
	body, err := io.ReadAll(response.Body)
	status := response.Trailer.Get("Grpc-Status")
	if status == "" {
		status = response.Header.Get("Grpc-Status") // a trailers-only answer
	}
	if err != nil || status != "0" || !bytes.Equal(body, []byte{0, 0, 0, 0, 2, 0x08, 0x01}) {
		return 1
	}
	return 0
}
