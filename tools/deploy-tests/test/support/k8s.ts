import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import * as k8s from "kubernetes-models";
import type { K8sObject } from "./helm.js";

interface Model {
  validate(): void;
}
type ModelClass = new (data: object) => Model;

// Every kind the chart renders, with the apiVersion it must use.
const models: Record<string, ModelClass> = {
  "apps/v1/Deployment": k8s.apps.v1.Deployment,
  "v1/ConfigMap": k8s.v1.ConfigMap,
  "v1/PersistentVolumeClaim": k8s.v1.PersistentVolumeClaim,
  "v1/Secret": k8s.v1.Secret,
  "v1/Service": k8s.v1.Service,
  "v1/ServiceAccount": k8s.v1.ServiceAccount,
  // Its constructor wants a spec; every object given here has one.
  "gateway.networking.k8s.io/v1/HTTPRoute": HTTPRoute as unknown as ModelClass,
  "networking.k8s.io/v1/Ingress": k8s.networkingK8sIo.v1.Ingress,
  "networking.k8s.io/v1/NetworkPolicy": k8s.networkingK8sIo.v1.NetworkPolicy,
};

/**
 * Validates an object against the Kubernetes OpenAPI schema of its kind. The schemas do not
 * reject unknown fields, so the tests also assert the fields that matter one by one.
 */
export function validateObject(obj: K8sObject): void {
  const Model = models[`${obj.apiVersion}/${obj.kind}`];
  if (!Model) throw new Error(`unexpected ${obj.apiVersion} ${obj.kind} ${obj.metadata?.name}`);
  try {
    new Model(obj).validate();
  } catch (error) {
    throw new Error(`${obj.kind} ${obj.metadata.name} is not valid: ${(error as Error).message}`);
  }
}
