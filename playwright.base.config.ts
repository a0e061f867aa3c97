// Playwright config for the sub-path build (scripts/test-base-path.sh): same browser settings,
// only the base-path check.
import base from './playwright.config';
import { defineConfig } from '@playwright/test';

export default defineConfig({ ...base, testMatch: '**/base-path.check.ts' });
