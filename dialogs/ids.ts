/** Dialog ids. Flow dialogs use the menu entry id (texts/nb/menu.yaml) as their dialog id. */
export const DialogIds = {
  root: 'root',
  main: 'main',
  menuPrompt: 'menuPrompt',
  search: 'sok',
  searchPrompt: 'searchPrompt',
  acuteCheck: 'acuteCheck',
  acuteCheckPrompt: 'acuteCheckPrompt',
} as const;
