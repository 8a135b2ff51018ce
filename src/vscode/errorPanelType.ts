// The error panel's view type: registered for restoring at activation, used when the panel opens.
export const ERROR_PANEL_VIEW_TYPE = 'gestix.errorPanel';
