// The pages' session secret: infra passes it to the API function under this name (from a
// secret the stack generates), the function hands it to the app. One value for every
// container, so a session cookie signed by one is valid in all.
export const PAGES_SESSION_SECRET_ENV = 'PAGES_SESSION_SECRET';
