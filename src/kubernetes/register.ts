// Plugs the Kubernetes renderer into synthesis (filled in by the Kubernetes target).
export {};
