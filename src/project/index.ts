// Spec-driven deployment of one project (`topograph deploy`).
export { deployFiles, imageLabels, planDeployment, projectTopology, type ContainerArchetype, type DeployPlan } from './artifacts';
export { buildChecklist, renderChecklist, runProjectTests, type Checklist, type ChecklistItem, type TestRun } from './checklist';
export { projectDockerfile, type ProjectDockerfileOptions } from './dockerfile';
export { healthModuleShape, healthTargets, mountInstructions, renderHealthModule, type HealthModuleShape, type HealthTarget } from './health';
export { checkLibrary, renderLibraryReport, type LibraryCheck, type LibraryFix } from './library';
export { decideArchetype, readPackageJson, readProject, type ArchetypeDecision, type Project } from './project';
export { planProjectWrite, writeProjectFiles } from '../write';
