// The brief's three-tier shop: the frontend must not reach the database.
export const WORKLOADS = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    team: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: frontend
    spec:
      containers:
      - name: web
        ports:
        - containerPort: 8080
          name: http
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: backend
    spec:
      containers:
      - name: api
        ports:
        - containerPort: 8080
          name: http
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: mysql
        ports:
        - containerPort: 3306
          name: mysql
`;

export const POLICIES = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-policy
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: db
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: backend
    ports:
    - protocol: TCP
      port: 3306
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: backend-egress
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: backend
  policyTypes: [Egress]
  egress:
  - to:
    - podSelector:
        matchLabels:
          app: db
    ports:
    - port: mysql
  - ports:
    - protocol: UDP
      port: 53
    - protocol: TCP
      port: 53
`;
